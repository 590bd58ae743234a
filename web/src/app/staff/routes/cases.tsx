import { CasesScreen } from "@/features/cases/components/CasesScreen";

export const Component = CasesScreen;
