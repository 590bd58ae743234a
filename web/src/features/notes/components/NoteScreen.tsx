import { Stack } from "@mantine/core";
import { useParams } from "react-router";
import { PageTitle } from "@/components/PageTitle";
import { ProblemAlert } from "@/components/problem/ProblemAlert";
import { Loading } from "@/components/states/Loading";
import { useNote } from "../api/get-note";
import { NoteFrame } from "./NoteFrame";

/** One note by its id (from a case's clinical tab). */
export function NoteScreen() {
  const { noteId = "" } = useParams();
  const note = useNote(noteId);
  return (
    <Stack maw={860}>
      <PageTitle>Note</PageTitle>
      <ProblemAlert error={note.error} />
      {note.isPending ? <Loading label="Loading the note" /> : note.data && <NoteFrame note={note.data} />}
    </Stack>
  );
}
