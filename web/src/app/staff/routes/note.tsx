import { NoteScreen } from "@/features/notes/components/NoteScreen";

export const Component = NoteScreen;
