export { findCode, type CodeList, type CodeListEntry } from './code-list.js';
export { NATIONALITIES } from './nationalities.js';
export { PROVINCES, provinceOf } from './provinces.js';
export { REGIONS, regionLevel } from './regions.js';
export { PERMIT_CLASSES_LIST, VISA_CATEGORIES, DEGREE_LEVELS, VIOLATION_KINDS, DOCUMENT_KINDS } from './hub-code-lists.js';
