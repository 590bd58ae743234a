import { ServicesSettings } from "@/features/settings/components/ServicesSettings";

export const Component = ServicesSettings;
