import { SchedulingSettings } from "@/features/settings/components/SchedulingSettings";

export const Component = SchedulingSettings;
