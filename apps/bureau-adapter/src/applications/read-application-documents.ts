import type pg from 'pg';
import type { ApplicationDocument } from './application-document.js';

/**
 * The application row with its holder, employer and documents as one JSON document, days in China
 * time (the form applicationRecordOf maps); `$1` is the application's id.
 */
export const APPLICATION_DOCUMENT_SQL = `
  SELECT jsonb_build_object(
    'applicationId', a.application_id, 'applicationNo', a.application_no, 'version', a.version,
    'permitClass', a.permit_class, 'positionTitle', a.position_title, 'workRegion', a.work_region,
    'submittedOn', to_char(a.submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'), 'inChina', a.in_china, 'path', a.path,
    'acceptedOn', a.accepted_on, 'acceptanceMode', a.acceptance_mode,
    'holder', jsonb_build_object('familyName', h.family_name, 'givenNames', h.given_names, 'birthDate', h.birth_date,
      'nationality', h.nationality, 'passportNo', h.passport_no),
    'employer', jsonb_build_object('uscc', e.uscc, 'nameZh', e.name_zh),
    'documents', coalesce((SELECT jsonb_agg(jsonb_build_object('docType', d.doc_type, 'dueOn', d.due_on,
        'receivedOn', to_char(d.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
        'commitmentNo', d.commitment_no, 'commitmentSignedOn', d.commitment_signed_on, 'verifyBy', d.verify_by,
        'verifiedOn', d.verified_on, 'verificationResult', d.verification_result, 'verificationNote', d.verification_note)
        ORDER BY d.doc_type)
      FROM fwp.document d WHERE d.application_id = a.application_id), '[]'::jsonb))
  FROM fwp.application a JOIN fwp.holder h ON h.holder_id = a.holder_id JOIN fwp.employer e ON e.employer_id = a.employer_id
  WHERE a.application_id = $1`;

/** The applications `applicationIds` as they are now, by id; an id with no row is left out. */
export async function readApplicationDocuments(
  bureau: Pick<pg.Pool, 'query'>,
  applicationIds: readonly string[],
): Promise<Map<string, ApplicationDocument>> {
  const documents = new Map<string, ApplicationDocument>();
  for (const id of applicationIds) {
    const { rows } = await bureau.query<{ document: ApplicationDocument | null }>(`SELECT (${APPLICATION_DOCUMENT_SQL}) AS document`, [id]);
    if (rows[0]?.document) documents.set(id, rows[0].document);
  }
  return documents;
}
