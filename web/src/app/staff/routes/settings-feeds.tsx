import { FeedsSettings } from "@/features/settings/components/FeedsSettings";

export const Component = FeedsSettings;
