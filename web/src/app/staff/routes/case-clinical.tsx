import { CaseClinicalScreen } from "@/features/clinical/components/CaseClinicalScreen";

export const Component = CaseClinicalScreen;
