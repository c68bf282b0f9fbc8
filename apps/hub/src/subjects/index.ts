export { deriveSubjectId, subjectIdKey } from './derive-subject-id.js';
