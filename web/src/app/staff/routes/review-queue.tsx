import { ReviewQueueScreen } from "@/features/review/components/ReviewQueueScreen";

export const Component = ReviewQueueScreen;
