import { NewCaseScreen } from "@/features/cases/components/NewCaseScreen";

export const Component = NewCaseScreen;
