import { PracticeDetails } from "@/features/settings/components/PracticeDetails";

export const Component = PracticeDetails;
