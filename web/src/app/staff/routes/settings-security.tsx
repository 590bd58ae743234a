import { SecuritySettings } from "@/features/settings/components/GroupScreens";

export const Component = SecuritySettings;
