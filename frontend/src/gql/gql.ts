/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation SignOut($everywhere: Boolean!) {\n    signOut(everywhere: $everywhere)\n  }\n": typeof types.SignOutDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation DeleteInterview($sessionId: ID!) {\n    deleteInterview(sessionId: $sessionId)\n  }\n": typeof types.DeleteInterviewDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": typeof types.DeleteAccountDocument,
    "\n  mutation Register($email: String!, $password: String!, $displayName: String!) {\n    register(email: $email, password: $password, displayName: $displayName) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      displayName\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Sessions($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          jobTitle\n          interviewType\n          difficulty\n          status\n          startTime\n          durationSeconds\n          totalResponses\n          totalQuestions\n          persona {\n            id\n            name\n          }\n          report {\n            id\n            overallScore\n            questionsAnswered\n            questionsSkipped\n          }\n        }\n      }\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  query Scores($first: Int!) {\n    reports(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          overallScore\n          avgTechnicalScore\n          avgClarityScore\n          avgConfidenceScore\n          avgBehavioralScore\n          createdAt\n          session {\n            id\n            jobTitle\n            interviewType\n          }\n        }\n      }\n    }\n  }\n": typeof types.ScoresDocument,
    "\n  fragment ConversationTurnFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    feedback {\n      id\n      overallScore\n      feedbackSummary\n    }\n  }\n": typeof types.ConversationTurnFieldsFragmentDoc,
    "\n  fragment InterviewHeaderFields on InterviewSession {\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    persona {\n      id\n      name\n    }\n  }\n": typeof types.InterviewHeaderFieldsFragmentDoc,
    "\n  fragment PlayQuestionFields on Question {\n    id\n    sequenceNumber\n    audio {\n      url\n      durationMs\n    }\n  }\n": typeof types.PlayQuestionFieldsFragmentDoc,
    "\n  fragment QuestionStageFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    isFollowUp\n    ...PlayQuestionFields\n  }\n": typeof types.QuestionStageFieldsFragmentDoc,
    "\n  fragment PersonaFields on Persona {\n    id\n    name\n    title\n    style\n    description\n    voice\n  }\n": typeof types.PersonaFieldsFragmentDoc,
    "\n  fragment SpeechAudioFields on SpeechAudio {\n    mimeType\n    base64\n    durationMs\n  }\n": typeof types.SpeechAudioFieldsFragmentDoc,
    "\n  fragment QuestionFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    questionType\n    difficulty\n    isFollowUp\n    askedAt\n    answeredAt\n    skipped\n    responseTimeSeconds\n    answerQualityScore\n  }\n": typeof types.QuestionFieldsFragmentDoc,
    "\n  fragment VoiceMetricsFields on VoiceMetrics {\n    speechPace\n    pauseCount\n    fillerWordCount\n    fillerWords\n    volumeLevel\n    clarityScore\n  }\n": typeof types.VoiceMetricsFieldsFragmentDoc,
    "\n  fragment FeedbackFields on Feedback {\n    id\n    technicalScore\n    clarityScore\n    confidenceScore\n    behavioralScore\n    overallScore\n    technicalFeedback\n    clarityFeedback\n    confidenceFeedback\n    behavioralFeedback\n    star {\n      hasSituation\n      hasTask\n      hasAction\n      hasResult\n    }\n    speechQualityScore\n    fillerWordsDetected\n    feedbackSummary\n    improvementSuggestions\n  }\n": typeof types.FeedbackFieldsFragmentDoc,
    "\n  fragment TranscriptFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    audioDurationMs\n    confidenceScore\n    timestamp\n    voiceMetrics {\n      ...VoiceMetricsFields\n    }\n    feedback {\n      ...FeedbackFields\n    }\n  }\n": typeof types.TranscriptFieldsFragmentDoc,
    "\n  fragment LiveMetricsFields on LiveMetrics {\n    sessionId\n    currentQuestionNumber\n    questionsCompleted\n    rollingTechnicalAvg\n    rollingClarityAvg\n    rollingConfidenceAvg\n    rollingBehavioralAvg\n    currentSpeechPace\n    currentVolume\n    silenceDurationMs\n    estimatedTimeRemaining\n    lastUpdated\n  }\n": typeof types.LiveMetricsFieldsFragmentDoc,
    "\n  fragment SessionLiveFields on InterviewSession {\n    ...InterviewHeaderFields\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    startTime\n    endTime\n    totalQuestions\n    totalResponses\n    persona {\n      ...PersonaFields\n    }\n    questions {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    transcripts {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n": typeof types.SessionLiveFieldsFragmentDoc,
    "\n  fragment InterviewerTurnFields on InterviewerTurn {\n    question {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    audio {\n      ...SpeechAudioFields\n    }\n  }\n": typeof types.InterviewerTurnFieldsFragmentDoc,
    "\n  query InterviewSession($id: ID!) {\n    session(id: $id) {\n      ...SessionLiveFields\n    }\n  }\n": typeof types.InterviewSessionDocument,
    "\n  mutation InitialQuestion($sessionId: ID!) {\n    initialQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n": typeof types.InitialQuestionDocument,
    "\n  fragment AnswerResultFields on AnswerResult {\n    transcript {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    evaluation {\n      ...FeedbackFields\n    }\n    interviewerResponse {\n      ...InterviewerTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n": typeof types.AnswerResultFieldsFragmentDoc,
    "\n  mutation SubmitAnswer($sessionId: ID!, $audio: Upload!, $sequenceNumber: Int!) {\n    submitAnswer(sessionId: $sessionId, audio: $audio, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n": typeof types.SubmitAnswerDocument,
    "\n  mutation FinishAnswer($sessionId: ID!, $sequenceNumber: Int!) {\n    finishAnswer(sessionId: $sessionId, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n": typeof types.FinishAnswerDocument,
    "\n  mutation SkipQuestion($sessionId: ID!) {\n    skipQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n": typeof types.SkipQuestionDocument,
    "\n  mutation PauseInterview($sessionId: ID!) {\n    pauseInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n": typeof types.PauseInterviewDocument,
    "\n  mutation ResumeInterview($sessionId: ID!) {\n    resumeInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n": typeof types.ResumeInterviewDocument,
    "\n  mutation EndInterview($sessionId: ID!) {\n    endInterview(sessionId: $sessionId) {\n      id\n      overallScore\n    }\n  }\n": typeof types.EndInterviewDocument,
    "\n  subscription InterviewEvents($sessionId: ID!) {\n    interviewEvents(sessionId: $sessionId) {\n      __typename\n      sessionId\n      at\n      ... on TranscriptReady {\n        transcript {\n          ...TranscriptFields\n          ...ConversationTurnFields\n        }\n      }\n      ... on AnswerEvaluated {\n        transcriptId\n        feedback {\n          ...FeedbackFields\n        }\n      }\n      ... on InterviewerSpeech {\n        questionId\n        chunkIndex\n        textDelta\n        final\n        restarted\n        audio {\n          ...SpeechAudioFields\n        }\n      }\n      ... on PartialTranscript {\n        sequenceNumber\n        text\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n          ...QuestionStageFields\n        }\n      }\n      ... on LiveMetricsUpdated {\n        metrics {\n          ...LiveMetricsFields\n        }\n      }\n      ... on SessionStatusChanged {\n        status\n      }\n      ... on ReportReady {\n        report {\n          id\n          overallScore\n        }\n      }\n      ... on TurnFailed {\n        sequenceNumber\n        code\n        message\n      }\n    }\n  }\n": typeof types.InterviewEventsDocument,
    "\n  mutation AppendAnswerAudio($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {\n    appendAnswerAudio(sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio) {\n      ...LiveMetricsFields\n    }\n  }\n": typeof types.AppendAnswerAudioDocument,
    "\n  query Personas {\n    personas {\n      ...PersonaFields\n    }\n  }\n": typeof types.PersonasDocument,
    "\n  query PersonaVoiceSample($personaId: ID!) {\n    personaVoiceSample(personaId: $personaId) {\n      ...SpeechAudioFields\n    }\n  }\n": typeof types.PersonaVoiceSampleDocument,
    "\n  mutation StartInterview($input: StartInterviewInput!) {\n    startInterview(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.StartInterviewDocument,
    "\n  query OpenInterviews {\n    active: sessions(first: 1, status: ACTIVE) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n    paused: sessions(first: 1, status: PAUSED) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n  }\n": typeof types.OpenInterviewsDocument,
    "\n  fragment ReportFields on Report {\n    id\n    downloadUrl\n    overallScore\n    avgTechnicalScore\n    avgClarityScore\n    avgConfidenceScore\n    avgBehavioralScore\n    strengths\n    weaknesses\n    keyHighlights\n    immediateImprovements\n    practiceAreas\n    resourcesRecommended\n    totalSpeakingTimeSeconds\n    avgResponseTimeSeconds\n    totalFillerWords\n    avgSpeechPace\n    questionsAnswered\n    questionsSkipped\n    bestAnswer {\n      ...TranscriptFields\n    }\n    worstAnswer {\n      ...TranscriptFields\n    }\n    percentileRank\n    comparedToCount\n    createdAt\n    jobDescription\n    session {\n      id\n      jobTitle\n      interviewType\n      difficulty\n      status\n      startTime\n      endTime\n      durationSeconds\n      totalQuestions\n      persona {\n        ...PersonaFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      transcripts {\n        ...TranscriptFields\n      }\n    }\n  }\n": typeof types.ReportFieldsFragmentDoc,
    "\n  query ReportBySession($sessionId: ID!) {\n    reportBySession(sessionId: $sessionId) {\n      ...ReportFields\n      downloadUrl\n      # Owner only: the shared report never asks for the candidate's recordings.\n      session {\n        id\n        jobTitle\n        transcripts {\n          id\n          audioUrl\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n": typeof types.ReportBySessionDocument,
    "\n  query ReportByShareToken($token: String!) {\n    reportByShareToken(token: $token) {\n      ...ReportFields\n      # Scoped to the link: it stops working when the link is turned off.\n      downloadUrl\n      # Empty unless the owner included video when sharing.\n      session {\n        id\n        transcripts {\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n": typeof types.ReportByShareTokenDocument,
    "\n  mutation ShareReport($reportId: ID!, $enabled: Boolean!, $includeVideo: Boolean! = false) {\n    shareReport(reportId: $reportId, enabled: $enabled, includeVideo: $includeVideo) {\n      token\n      url\n      createdAt\n      includesVideo\n    }\n  }\n": typeof types.ShareReportDocument,
    "\n  fragment AnswerVideoFields on Transcript {\n    id\n    videoUrl\n    captionsUrl\n    timeline {\n      kind\n      startMs\n      endMs\n      label\n    }\n  }\n": typeof types.AnswerVideoFieldsFragmentDoc,
    "\n  query SessionVideo($id: ID!) {\n    session(id: $id) {\n      id\n      videoEnabled\n    }\n  }\n": typeof types.SessionVideoDocument,
};
const documents: Documents = {
    "\n  mutation SignOut($everywhere: Boolean!) {\n    signOut(everywhere: $everywhere)\n  }\n": types.SignOutDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  mutation DeleteInterview($sessionId: ID!) {\n    deleteInterview(sessionId: $sessionId)\n  }\n": types.DeleteInterviewDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": types.DeleteAccountDocument,
    "\n  mutation Register($email: String!, $password: String!, $displayName: String!) {\n    register(email: $email, password: $password, displayName: $displayName) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      displayName\n    }\n  }\n": types.MeDocument,
    "\n  query Sessions($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          jobTitle\n          interviewType\n          difficulty\n          status\n          startTime\n          durationSeconds\n          totalResponses\n          totalQuestions\n          persona {\n            id\n            name\n          }\n          report {\n            id\n            overallScore\n            questionsAnswered\n            questionsSkipped\n          }\n        }\n      }\n    }\n  }\n": types.SessionsDocument,
    "\n  query Scores($first: Int!) {\n    reports(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          overallScore\n          avgTechnicalScore\n          avgClarityScore\n          avgConfidenceScore\n          avgBehavioralScore\n          createdAt\n          session {\n            id\n            jobTitle\n            interviewType\n          }\n        }\n      }\n    }\n  }\n": types.ScoresDocument,
    "\n  fragment ConversationTurnFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    feedback {\n      id\n      overallScore\n      feedbackSummary\n    }\n  }\n": types.ConversationTurnFieldsFragmentDoc,
    "\n  fragment InterviewHeaderFields on InterviewSession {\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    persona {\n      id\n      name\n    }\n  }\n": types.InterviewHeaderFieldsFragmentDoc,
    "\n  fragment PlayQuestionFields on Question {\n    id\n    sequenceNumber\n    audio {\n      url\n      durationMs\n    }\n  }\n": types.PlayQuestionFieldsFragmentDoc,
    "\n  fragment QuestionStageFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    isFollowUp\n    ...PlayQuestionFields\n  }\n": types.QuestionStageFieldsFragmentDoc,
    "\n  fragment PersonaFields on Persona {\n    id\n    name\n    title\n    style\n    description\n    voice\n  }\n": types.PersonaFieldsFragmentDoc,
    "\n  fragment SpeechAudioFields on SpeechAudio {\n    mimeType\n    base64\n    durationMs\n  }\n": types.SpeechAudioFieldsFragmentDoc,
    "\n  fragment QuestionFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    questionType\n    difficulty\n    isFollowUp\n    askedAt\n    answeredAt\n    skipped\n    responseTimeSeconds\n    answerQualityScore\n  }\n": types.QuestionFieldsFragmentDoc,
    "\n  fragment VoiceMetricsFields on VoiceMetrics {\n    speechPace\n    pauseCount\n    fillerWordCount\n    fillerWords\n    volumeLevel\n    clarityScore\n  }\n": types.VoiceMetricsFieldsFragmentDoc,
    "\n  fragment FeedbackFields on Feedback {\n    id\n    technicalScore\n    clarityScore\n    confidenceScore\n    behavioralScore\n    overallScore\n    technicalFeedback\n    clarityFeedback\n    confidenceFeedback\n    behavioralFeedback\n    star {\n      hasSituation\n      hasTask\n      hasAction\n      hasResult\n    }\n    speechQualityScore\n    fillerWordsDetected\n    feedbackSummary\n    improvementSuggestions\n  }\n": types.FeedbackFieldsFragmentDoc,
    "\n  fragment TranscriptFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    audioDurationMs\n    confidenceScore\n    timestamp\n    voiceMetrics {\n      ...VoiceMetricsFields\n    }\n    feedback {\n      ...FeedbackFields\n    }\n  }\n": types.TranscriptFieldsFragmentDoc,
    "\n  fragment LiveMetricsFields on LiveMetrics {\n    sessionId\n    currentQuestionNumber\n    questionsCompleted\n    rollingTechnicalAvg\n    rollingClarityAvg\n    rollingConfidenceAvg\n    rollingBehavioralAvg\n    currentSpeechPace\n    currentVolume\n    silenceDurationMs\n    estimatedTimeRemaining\n    lastUpdated\n  }\n": types.LiveMetricsFieldsFragmentDoc,
    "\n  fragment SessionLiveFields on InterviewSession {\n    ...InterviewHeaderFields\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    startTime\n    endTime\n    totalQuestions\n    totalResponses\n    persona {\n      ...PersonaFields\n    }\n    questions {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    transcripts {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n": types.SessionLiveFieldsFragmentDoc,
    "\n  fragment InterviewerTurnFields on InterviewerTurn {\n    question {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    audio {\n      ...SpeechAudioFields\n    }\n  }\n": types.InterviewerTurnFieldsFragmentDoc,
    "\n  query InterviewSession($id: ID!) {\n    session(id: $id) {\n      ...SessionLiveFields\n    }\n  }\n": types.InterviewSessionDocument,
    "\n  mutation InitialQuestion($sessionId: ID!) {\n    initialQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n": types.InitialQuestionDocument,
    "\n  fragment AnswerResultFields on AnswerResult {\n    transcript {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    evaluation {\n      ...FeedbackFields\n    }\n    interviewerResponse {\n      ...InterviewerTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n": types.AnswerResultFieldsFragmentDoc,
    "\n  mutation SubmitAnswer($sessionId: ID!, $audio: Upload!, $sequenceNumber: Int!) {\n    submitAnswer(sessionId: $sessionId, audio: $audio, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n": types.SubmitAnswerDocument,
    "\n  mutation FinishAnswer($sessionId: ID!, $sequenceNumber: Int!) {\n    finishAnswer(sessionId: $sessionId, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n": types.FinishAnswerDocument,
    "\n  mutation SkipQuestion($sessionId: ID!) {\n    skipQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n": types.SkipQuestionDocument,
    "\n  mutation PauseInterview($sessionId: ID!) {\n    pauseInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n": types.PauseInterviewDocument,
    "\n  mutation ResumeInterview($sessionId: ID!) {\n    resumeInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n": types.ResumeInterviewDocument,
    "\n  mutation EndInterview($sessionId: ID!) {\n    endInterview(sessionId: $sessionId) {\n      id\n      overallScore\n    }\n  }\n": types.EndInterviewDocument,
    "\n  subscription InterviewEvents($sessionId: ID!) {\n    interviewEvents(sessionId: $sessionId) {\n      __typename\n      sessionId\n      at\n      ... on TranscriptReady {\n        transcript {\n          ...TranscriptFields\n          ...ConversationTurnFields\n        }\n      }\n      ... on AnswerEvaluated {\n        transcriptId\n        feedback {\n          ...FeedbackFields\n        }\n      }\n      ... on InterviewerSpeech {\n        questionId\n        chunkIndex\n        textDelta\n        final\n        restarted\n        audio {\n          ...SpeechAudioFields\n        }\n      }\n      ... on PartialTranscript {\n        sequenceNumber\n        text\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n          ...QuestionStageFields\n        }\n      }\n      ... on LiveMetricsUpdated {\n        metrics {\n          ...LiveMetricsFields\n        }\n      }\n      ... on SessionStatusChanged {\n        status\n      }\n      ... on ReportReady {\n        report {\n          id\n          overallScore\n        }\n      }\n      ... on TurnFailed {\n        sequenceNumber\n        code\n        message\n      }\n    }\n  }\n": types.InterviewEventsDocument,
    "\n  mutation AppendAnswerAudio($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {\n    appendAnswerAudio(sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio) {\n      ...LiveMetricsFields\n    }\n  }\n": types.AppendAnswerAudioDocument,
    "\n  query Personas {\n    personas {\n      ...PersonaFields\n    }\n  }\n": types.PersonasDocument,
    "\n  query PersonaVoiceSample($personaId: ID!) {\n    personaVoiceSample(personaId: $personaId) {\n      ...SpeechAudioFields\n    }\n  }\n": types.PersonaVoiceSampleDocument,
    "\n  mutation StartInterview($input: StartInterviewInput!) {\n    startInterview(input: $input) {\n      id\n      status\n    }\n  }\n": types.StartInterviewDocument,
    "\n  query OpenInterviews {\n    active: sessions(first: 1, status: ACTIVE) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n    paused: sessions(first: 1, status: PAUSED) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n  }\n": types.OpenInterviewsDocument,
    "\n  fragment ReportFields on Report {\n    id\n    downloadUrl\n    overallScore\n    avgTechnicalScore\n    avgClarityScore\n    avgConfidenceScore\n    avgBehavioralScore\n    strengths\n    weaknesses\n    keyHighlights\n    immediateImprovements\n    practiceAreas\n    resourcesRecommended\n    totalSpeakingTimeSeconds\n    avgResponseTimeSeconds\n    totalFillerWords\n    avgSpeechPace\n    questionsAnswered\n    questionsSkipped\n    bestAnswer {\n      ...TranscriptFields\n    }\n    worstAnswer {\n      ...TranscriptFields\n    }\n    percentileRank\n    comparedToCount\n    createdAt\n    jobDescription\n    session {\n      id\n      jobTitle\n      interviewType\n      difficulty\n      status\n      startTime\n      endTime\n      durationSeconds\n      totalQuestions\n      persona {\n        ...PersonaFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      transcripts {\n        ...TranscriptFields\n      }\n    }\n  }\n": types.ReportFieldsFragmentDoc,
    "\n  query ReportBySession($sessionId: ID!) {\n    reportBySession(sessionId: $sessionId) {\n      ...ReportFields\n      downloadUrl\n      # Owner only: the shared report never asks for the candidate's recordings.\n      session {\n        id\n        jobTitle\n        transcripts {\n          id\n          audioUrl\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n": types.ReportBySessionDocument,
    "\n  query ReportByShareToken($token: String!) {\n    reportByShareToken(token: $token) {\n      ...ReportFields\n      # Scoped to the link: it stops working when the link is turned off.\n      downloadUrl\n      # Empty unless the owner included video when sharing.\n      session {\n        id\n        transcripts {\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n": types.ReportByShareTokenDocument,
    "\n  mutation ShareReport($reportId: ID!, $enabled: Boolean!, $includeVideo: Boolean! = false) {\n    shareReport(reportId: $reportId, enabled: $enabled, includeVideo: $includeVideo) {\n      token\n      url\n      createdAt\n      includesVideo\n    }\n  }\n": types.ShareReportDocument,
    "\n  fragment AnswerVideoFields on Transcript {\n    id\n    videoUrl\n    captionsUrl\n    timeline {\n      kind\n      startMs\n      endMs\n      label\n    }\n  }\n": types.AnswerVideoFieldsFragmentDoc,
    "\n  query SessionVideo($id: ID!) {\n    session(id: $id) {\n      id\n      videoEnabled\n    }\n  }\n": types.SessionVideoDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut($everywhere: Boolean!) {\n    signOut(everywhere: $everywhere)\n  }\n"): (typeof documents)["\n  mutation SignOut($everywhere: Boolean!) {\n    signOut(everywhere: $everywhere)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteInterview($sessionId: ID!) {\n    deleteInterview(sessionId: $sessionId)\n  }\n"): (typeof documents)["\n  mutation DeleteInterview($sessionId: ID!) {\n    deleteInterview(sessionId: $sessionId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"): (typeof documents)["\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($email: String!, $password: String!, $displayName: String!) {\n    register(email: $email, password: $password, displayName: $displayName) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Register($email: String!, $password: String!, $displayName: String!) {\n    register(email: $email, password: $password, displayName: $displayName) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      token\n      user {\n        id\n        email\n        displayName\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      displayName\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      email\n      displayName\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          jobTitle\n          interviewType\n          difficulty\n          status\n          startTime\n          durationSeconds\n          totalResponses\n          totalQuestions\n          persona {\n            id\n            name\n          }\n          report {\n            id\n            overallScore\n            questionsAnswered\n            questionsSkipped\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Sessions($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          jobTitle\n          interviewType\n          difficulty\n          status\n          startTime\n          durationSeconds\n          totalResponses\n          totalQuestions\n          persona {\n            id\n            name\n          }\n          report {\n            id\n            overallScore\n            questionsAnswered\n            questionsSkipped\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Scores($first: Int!) {\n    reports(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          overallScore\n          avgTechnicalScore\n          avgClarityScore\n          avgConfidenceScore\n          avgBehavioralScore\n          createdAt\n          session {\n            id\n            jobTitle\n            interviewType\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Scores($first: Int!) {\n    reports(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          overallScore\n          avgTechnicalScore\n          avgClarityScore\n          avgConfidenceScore\n          avgBehavioralScore\n          createdAt\n          session {\n            id\n            jobTitle\n            interviewType\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConversationTurnFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    feedback {\n      id\n      overallScore\n      feedbackSummary\n    }\n  }\n"): (typeof documents)["\n  fragment ConversationTurnFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    feedback {\n      id\n      overallScore\n      feedbackSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InterviewHeaderFields on InterviewSession {\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    persona {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment InterviewHeaderFields on InterviewSession {\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    persona {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PlayQuestionFields on Question {\n    id\n    sequenceNumber\n    audio {\n      url\n      durationMs\n    }\n  }\n"): (typeof documents)["\n  fragment PlayQuestionFields on Question {\n    id\n    sequenceNumber\n    audio {\n      url\n      durationMs\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuestionStageFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    isFollowUp\n    ...PlayQuestionFields\n  }\n"): (typeof documents)["\n  fragment QuestionStageFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    isFollowUp\n    ...PlayQuestionFields\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonaFields on Persona {\n    id\n    name\n    title\n    style\n    description\n    voice\n  }\n"): (typeof documents)["\n  fragment PersonaFields on Persona {\n    id\n    name\n    title\n    style\n    description\n    voice\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SpeechAudioFields on SpeechAudio {\n    mimeType\n    base64\n    durationMs\n  }\n"): (typeof documents)["\n  fragment SpeechAudioFields on SpeechAudio {\n    mimeType\n    base64\n    durationMs\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuestionFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    questionType\n    difficulty\n    isFollowUp\n    askedAt\n    answeredAt\n    skipped\n    responseTimeSeconds\n    answerQualityScore\n  }\n"): (typeof documents)["\n  fragment QuestionFields on Question {\n    id\n    sequenceNumber\n    questionText\n    leadIn\n    questionType\n    difficulty\n    isFollowUp\n    askedAt\n    answeredAt\n    skipped\n    responseTimeSeconds\n    answerQualityScore\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment VoiceMetricsFields on VoiceMetrics {\n    speechPace\n    pauseCount\n    fillerWordCount\n    fillerWords\n    volumeLevel\n    clarityScore\n  }\n"): (typeof documents)["\n  fragment VoiceMetricsFields on VoiceMetrics {\n    speechPace\n    pauseCount\n    fillerWordCount\n    fillerWords\n    volumeLevel\n    clarityScore\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment FeedbackFields on Feedback {\n    id\n    technicalScore\n    clarityScore\n    confidenceScore\n    behavioralScore\n    overallScore\n    technicalFeedback\n    clarityFeedback\n    confidenceFeedback\n    behavioralFeedback\n    star {\n      hasSituation\n      hasTask\n      hasAction\n      hasResult\n    }\n    speechQualityScore\n    fillerWordsDetected\n    feedbackSummary\n    improvementSuggestions\n  }\n"): (typeof documents)["\n  fragment FeedbackFields on Feedback {\n    id\n    technicalScore\n    clarityScore\n    confidenceScore\n    behavioralScore\n    overallScore\n    technicalFeedback\n    clarityFeedback\n    confidenceFeedback\n    behavioralFeedback\n    star {\n      hasSituation\n      hasTask\n      hasAction\n      hasResult\n    }\n    speechQualityScore\n    fillerWordsDetected\n    feedbackSummary\n    improvementSuggestions\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TranscriptFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    audioDurationMs\n    confidenceScore\n    timestamp\n    voiceMetrics {\n      ...VoiceMetricsFields\n    }\n    feedback {\n      ...FeedbackFields\n    }\n  }\n"): (typeof documents)["\n  fragment TranscriptFields on Transcript {\n    id\n    sequenceNumber\n    speaker\n    speakerName\n    text\n    audioDurationMs\n    confidenceScore\n    timestamp\n    voiceMetrics {\n      ...VoiceMetricsFields\n    }\n    feedback {\n      ...FeedbackFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LiveMetricsFields on LiveMetrics {\n    sessionId\n    currentQuestionNumber\n    questionsCompleted\n    rollingTechnicalAvg\n    rollingClarityAvg\n    rollingConfidenceAvg\n    rollingBehavioralAvg\n    currentSpeechPace\n    currentVolume\n    silenceDurationMs\n    estimatedTimeRemaining\n    lastUpdated\n  }\n"): (typeof documents)["\n  fragment LiveMetricsFields on LiveMetrics {\n    sessionId\n    currentQuestionNumber\n    questionsCompleted\n    rollingTechnicalAvg\n    rollingClarityAvg\n    rollingConfidenceAvg\n    rollingBehavioralAvg\n    currentSpeechPace\n    currentVolume\n    silenceDurationMs\n    estimatedTimeRemaining\n    lastUpdated\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionLiveFields on InterviewSession {\n    ...InterviewHeaderFields\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    startTime\n    endTime\n    totalQuestions\n    totalResponses\n    persona {\n      ...PersonaFields\n    }\n    questions {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    transcripts {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n"): (typeof documents)["\n  fragment SessionLiveFields on InterviewSession {\n    ...InterviewHeaderFields\n    id\n    jobTitle\n    interviewType\n    difficulty\n    status\n    startTime\n    endTime\n    totalQuestions\n    totalResponses\n    persona {\n      ...PersonaFields\n    }\n    questions {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    transcripts {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InterviewerTurnFields on InterviewerTurn {\n    question {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    audio {\n      ...SpeechAudioFields\n    }\n  }\n"): (typeof documents)["\n  fragment InterviewerTurnFields on InterviewerTurn {\n    question {\n      ...QuestionFields\n      ...QuestionStageFields\n    }\n    audio {\n      ...SpeechAudioFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query InterviewSession($id: ID!) {\n    session(id: $id) {\n      ...SessionLiveFields\n    }\n  }\n"): (typeof documents)["\n  query InterviewSession($id: ID!) {\n    session(id: $id) {\n      ...SessionLiveFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InitialQuestion($sessionId: ID!) {\n    initialQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n"): (typeof documents)["\n  mutation InitialQuestion($sessionId: ID!) {\n    initialQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AnswerResultFields on AnswerResult {\n    transcript {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    evaluation {\n      ...FeedbackFields\n    }\n    interviewerResponse {\n      ...InterviewerTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n"): (typeof documents)["\n  fragment AnswerResultFields on AnswerResult {\n    transcript {\n      ...TranscriptFields\n      ...ConversationTurnFields\n    }\n    evaluation {\n      ...FeedbackFields\n    }\n    interviewerResponse {\n      ...InterviewerTurnFields\n    }\n    liveMetrics {\n      ...LiveMetricsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitAnswer($sessionId: ID!, $audio: Upload!, $sequenceNumber: Int!) {\n    submitAnswer(sessionId: $sessionId, audio: $audio, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitAnswer($sessionId: ID!, $audio: Upload!, $sequenceNumber: Int!) {\n    submitAnswer(sessionId: $sessionId, audio: $audio, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishAnswer($sessionId: ID!, $sequenceNumber: Int!) {\n    finishAnswer(sessionId: $sessionId, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n"): (typeof documents)["\n  mutation FinishAnswer($sessionId: ID!, $sequenceNumber: Int!) {\n    finishAnswer(sessionId: $sessionId, sequenceNumber: $sequenceNumber) {\n      ...AnswerResultFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SkipQuestion($sessionId: ID!) {\n    skipQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n"): (typeof documents)["\n  mutation SkipQuestion($sessionId: ID!) {\n    skipQuestion(sessionId: $sessionId) {\n      ...InterviewerTurnFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PauseInterview($sessionId: ID!) {\n    pauseInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PauseInterview($sessionId: ID!) {\n    pauseInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResumeInterview($sessionId: ID!) {\n    resumeInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ResumeInterview($sessionId: ID!) {\n    resumeInterview(sessionId: $sessionId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndInterview($sessionId: ID!) {\n    endInterview(sessionId: $sessionId) {\n      id\n      overallScore\n    }\n  }\n"): (typeof documents)["\n  mutation EndInterview($sessionId: ID!) {\n    endInterview(sessionId: $sessionId) {\n      id\n      overallScore\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InterviewEvents($sessionId: ID!) {\n    interviewEvents(sessionId: $sessionId) {\n      __typename\n      sessionId\n      at\n      ... on TranscriptReady {\n        transcript {\n          ...TranscriptFields\n          ...ConversationTurnFields\n        }\n      }\n      ... on AnswerEvaluated {\n        transcriptId\n        feedback {\n          ...FeedbackFields\n        }\n      }\n      ... on InterviewerSpeech {\n        questionId\n        chunkIndex\n        textDelta\n        final\n        restarted\n        audio {\n          ...SpeechAudioFields\n        }\n      }\n      ... on PartialTranscript {\n        sequenceNumber\n        text\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n          ...QuestionStageFields\n        }\n      }\n      ... on LiveMetricsUpdated {\n        metrics {\n          ...LiveMetricsFields\n        }\n      }\n      ... on SessionStatusChanged {\n        status\n      }\n      ... on ReportReady {\n        report {\n          id\n          overallScore\n        }\n      }\n      ... on TurnFailed {\n        sequenceNumber\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription InterviewEvents($sessionId: ID!) {\n    interviewEvents(sessionId: $sessionId) {\n      __typename\n      sessionId\n      at\n      ... on TranscriptReady {\n        transcript {\n          ...TranscriptFields\n          ...ConversationTurnFields\n        }\n      }\n      ... on AnswerEvaluated {\n        transcriptId\n        feedback {\n          ...FeedbackFields\n        }\n      }\n      ... on InterviewerSpeech {\n        questionId\n        chunkIndex\n        textDelta\n        final\n        restarted\n        audio {\n          ...SpeechAudioFields\n        }\n      }\n      ... on PartialTranscript {\n        sequenceNumber\n        text\n      }\n      ... on QuestionAsked {\n        question {\n          ...QuestionFields\n          ...QuestionStageFields\n        }\n      }\n      ... on LiveMetricsUpdated {\n        metrics {\n          ...LiveMetricsFields\n        }\n      }\n      ... on SessionStatusChanged {\n        status\n      }\n      ... on ReportReady {\n        report {\n          id\n          overallScore\n        }\n      }\n      ... on TurnFailed {\n        sequenceNumber\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AppendAnswerAudio($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {\n    appendAnswerAudio(sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio) {\n      ...LiveMetricsFields\n    }\n  }\n"): (typeof documents)["\n  mutation AppendAnswerAudio($sessionId: ID!, $sequenceNumber: Int!, $chunkIndex: Int!, $audio: Upload!) {\n    appendAnswerAudio(sessionId: $sessionId, sequenceNumber: $sequenceNumber, chunkIndex: $chunkIndex, audio: $audio) {\n      ...LiveMetricsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Personas {\n    personas {\n      ...PersonaFields\n    }\n  }\n"): (typeof documents)["\n  query Personas {\n    personas {\n      ...PersonaFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonaVoiceSample($personaId: ID!) {\n    personaVoiceSample(personaId: $personaId) {\n      ...SpeechAudioFields\n    }\n  }\n"): (typeof documents)["\n  query PersonaVoiceSample($personaId: ID!) {\n    personaVoiceSample(personaId: $personaId) {\n      ...SpeechAudioFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartInterview($input: StartInterviewInput!) {\n    startInterview(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation StartInterview($input: StartInterviewInput!) {\n    startInterview(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenInterviews {\n    active: sessions(first: 1, status: ACTIVE) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n    paused: sessions(first: 1, status: PAUSED) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query OpenInterviews {\n    active: sessions(first: 1, status: ACTIVE) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n    paused: sessions(first: 1, status: PAUSED) {\n      edges {\n        node {\n          id\n          jobTitle\n          startTime\n          totalResponses\n          totalQuestions\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReportFields on Report {\n    id\n    downloadUrl\n    overallScore\n    avgTechnicalScore\n    avgClarityScore\n    avgConfidenceScore\n    avgBehavioralScore\n    strengths\n    weaknesses\n    keyHighlights\n    immediateImprovements\n    practiceAreas\n    resourcesRecommended\n    totalSpeakingTimeSeconds\n    avgResponseTimeSeconds\n    totalFillerWords\n    avgSpeechPace\n    questionsAnswered\n    questionsSkipped\n    bestAnswer {\n      ...TranscriptFields\n    }\n    worstAnswer {\n      ...TranscriptFields\n    }\n    percentileRank\n    comparedToCount\n    createdAt\n    jobDescription\n    session {\n      id\n      jobTitle\n      interviewType\n      difficulty\n      status\n      startTime\n      endTime\n      durationSeconds\n      totalQuestions\n      persona {\n        ...PersonaFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      transcripts {\n        ...TranscriptFields\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment ReportFields on Report {\n    id\n    downloadUrl\n    overallScore\n    avgTechnicalScore\n    avgClarityScore\n    avgConfidenceScore\n    avgBehavioralScore\n    strengths\n    weaknesses\n    keyHighlights\n    immediateImprovements\n    practiceAreas\n    resourcesRecommended\n    totalSpeakingTimeSeconds\n    avgResponseTimeSeconds\n    totalFillerWords\n    avgSpeechPace\n    questionsAnswered\n    questionsSkipped\n    bestAnswer {\n      ...TranscriptFields\n    }\n    worstAnswer {\n      ...TranscriptFields\n    }\n    percentileRank\n    comparedToCount\n    createdAt\n    jobDescription\n    session {\n      id\n      jobTitle\n      interviewType\n      difficulty\n      status\n      startTime\n      endTime\n      durationSeconds\n      totalQuestions\n      persona {\n        ...PersonaFields\n      }\n      questions {\n        ...QuestionFields\n      }\n      transcripts {\n        ...TranscriptFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportBySession($sessionId: ID!) {\n    reportBySession(sessionId: $sessionId) {\n      ...ReportFields\n      downloadUrl\n      # Owner only: the shared report never asks for the candidate's recordings.\n      session {\n        id\n        jobTitle\n        transcripts {\n          id\n          audioUrl\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReportBySession($sessionId: ID!) {\n    reportBySession(sessionId: $sessionId) {\n      ...ReportFields\n      downloadUrl\n      # Owner only: the shared report never asks for the candidate's recordings.\n      session {\n        id\n        jobTitle\n        transcripts {\n          id\n          audioUrl\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReportByShareToken($token: String!) {\n    reportByShareToken(token: $token) {\n      ...ReportFields\n      # Scoped to the link: it stops working when the link is turned off.\n      downloadUrl\n      # Empty unless the owner included video when sharing.\n      session {\n        id\n        transcripts {\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReportByShareToken($token: String!) {\n    reportByShareToken(token: $token) {\n      ...ReportFields\n      # Scoped to the link: it stops working when the link is turned off.\n      downloadUrl\n      # Empty unless the owner included video when sharing.\n      session {\n        id\n        transcripts {\n          ...AnswerVideoFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ShareReport($reportId: ID!, $enabled: Boolean!, $includeVideo: Boolean! = false) {\n    shareReport(reportId: $reportId, enabled: $enabled, includeVideo: $includeVideo) {\n      token\n      url\n      createdAt\n      includesVideo\n    }\n  }\n"): (typeof documents)["\n  mutation ShareReport($reportId: ID!, $enabled: Boolean!, $includeVideo: Boolean! = false) {\n    shareReport(reportId: $reportId, enabled: $enabled, includeVideo: $includeVideo) {\n      token\n      url\n      createdAt\n      includesVideo\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AnswerVideoFields on Transcript {\n    id\n    videoUrl\n    captionsUrl\n    timeline {\n      kind\n      startMs\n      endMs\n      label\n    }\n  }\n"): (typeof documents)["\n  fragment AnswerVideoFields on Transcript {\n    id\n    videoUrl\n    captionsUrl\n    timeline {\n      kind\n      startMs\n      endMs\n      label\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionVideo($id: ID!) {\n    session(id: $id) {\n      id\n      videoEnabled\n    }\n  }\n"): (typeof documents)["\n  query SessionVideo($id: ID!) {\n    session(id: $id) {\n      id\n      videoEnabled\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;