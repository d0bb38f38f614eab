"""The answer turn: one answer, from its first recorded chunk to its stored result and events.

run.py is the turn itself, top to bottom; it calls the steps beside it:

    recording.py        live recorder chunks, measured as they arrive; finishAnswer hands them to run.py
    live_voice.py       the meters while the answer is spoken: volume, silence, the pace so far
    answers.py          the answer row and its states (RECEIVED, TRANSCRIBED, COMPLETE, FAILED)
    listening.py        decode, speech check, speech-to-text, voice metrics (plain values in and out)
    acknowledgement.py  the interviewer's short phrase while the answer is scored
    speaking.py         the next question, spoken sentence by sentence as it streams
    store.py            what a finished turn writes, in one transaction
    lock.py             one turn per answer across processes (PostgreSQL advisory locks)
    recovery.py         answers a crashed process left unfinished, run again from their audio
    playback.py         the candidate's own answers, played back
"""
