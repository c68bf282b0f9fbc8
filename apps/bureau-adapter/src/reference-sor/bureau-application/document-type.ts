/** The kinds of document the bureau's system keeps (fwp.document.doc_type). */
export type DocumentType = 'PASSPORT' | 'DEGREE' | 'WORK_EXPERIENCE' | 'NO_CRIMINAL_RECORD' | 'HEALTH_CHECK' | 'EMPLOYMENT_CONTRACT';
