export { getPerson, personQueryOptions, usePeopleById, usePerson } from "@/lib/queries/person";
