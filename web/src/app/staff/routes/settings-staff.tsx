import { StaffSettings } from "@/features/settings/components/StaffSettings";

export const Component = StaffSettings;
