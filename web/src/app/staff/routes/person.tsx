import { PersonScreen } from "@/features/clients/components/PersonScreen";

export const Component = PersonScreen;
