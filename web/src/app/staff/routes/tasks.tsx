import { TaskListScreen } from "@/features/tasks/components/TaskListScreen";

export const Component = TaskListScreen;
