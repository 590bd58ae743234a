import { SessionNoteScreen } from "@/features/notes/components/SessionNoteScreen";

export const Component = SessionNoteScreen;
