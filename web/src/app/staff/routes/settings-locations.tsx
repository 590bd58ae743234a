import { LocationsSettings } from "@/features/settings/components/LocationsSettings";

export const Component = LocationsSettings;
