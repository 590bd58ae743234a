import { PortalSettings } from "@/features/settings/components/GroupScreens";

export const Component = PortalSettings;
