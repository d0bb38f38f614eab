import type { AnswerVideoFieldsFragment } from "../../gql/graphql";

/** The answers that have a video, by transcript id, for ReportView's `answerVideos`. */
export function answerVideos(transcripts: readonly AnswerVideoFieldsFragment[] | undefined): ReadonlyMap<string, AnswerVideoFieldsFragment> {
  return new Map((transcripts ?? []).flatMap((t) => (t.videoUrl ? [[t.id, t] as const] : [])));
}
