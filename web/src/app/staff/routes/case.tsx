import { CaseScreen } from "@/features/cases/components/CaseScreen";

export const Component = CaseScreen;
