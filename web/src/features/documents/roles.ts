/** The roles holding documents.read (coordinators and schedulers never: superbills carry diagnoses). */
export const DOCUMENT_ROLES = ["owner", "provider", "associate", "billing"];
