import { useState } from "react";
import { Button } from "../../components/ui";
import { graphql } from "../../gql";
import type { PlayQuestionFieldsFragment } from "../../gql/graphql";
import { mediaSrc } from "../report/mediaSrc";

export const PlayQuestionFields = graphql(`
  fragment PlayQuestionFields on Question {
    id
    sequenceNumber
    audio {
      url
      durationMs
    }
  }
`);

/**
 * "Play the question" from the interviewer's stored clip (`Question.audio.url`), for when the page has
 * nothing of its own to replay: after a reload, the streamed voice is gone. The browser's player on the
 * signed URL (no token needed), made on the first click so nothing downloads until it is wanted.
 * Nothing is shown for a question without stored audio.
 */
export function PlayQuestion({ question }: { question: PlayQuestionFieldsFragment }) {
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const url = question.audio?.url;
  if (!url) return null;
  const label = `Question ${question.sequenceNumber}, as the interviewer asked it`;

  if (open && !failed) {
    return <audio controls autoPlay src={mediaSrc(url)} onError={() => setFailed(true)} aria-label={label} />;
  }
  return (
    <>
      <Button
        variant="ghost"
        size="small"
        onClick={() => {
          setFailed(false);
          setOpen(true);
        }}
      >
        ▶ Play the question
      </Button>
      {failed ? (
        <span role="alert" className="muted">
          The question's audio couldn't be loaded. Reload the page and try again.
        </span>
      ) : null}
    </>
  );
}
