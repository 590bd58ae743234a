/** The client workflow summary, for the top of a person's page (composed in app/staff/routes/person.tsx). */
export { WorkflowSummary } from "./components/WorkflowSummary";
