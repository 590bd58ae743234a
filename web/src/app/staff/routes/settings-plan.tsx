import { PlanSettings } from "@/features/settings/components/PlanSettings";

export const Component = PlanSettings;
