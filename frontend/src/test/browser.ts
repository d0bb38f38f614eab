/**
 * Stand-ins for the browser's media APIs, which happy-dom does not have: a microphone stream, a
 * MediaRecorder the test feeds chunks into, an Audio element whose playback the test ends, and an
 * AudioContext whose analyser hears the level the test sets. Install them with vi.stubGlobal.
 */

export class FakeMediaStream {
  constructor(private readonly tracks: unknown[] = [{ kind: "audio" }]) {}
  getAudioTracks(): unknown[] {
    return this.tracks;
  }
  getVideoTracks(): unknown[] {
    return [];
  }
}

type DataHandler = ((event: { data: Blob }) => void) | null;

export class FakeMediaRecorder {
  static last: FakeMediaRecorder | null = null;
  static isTypeSupported(type: string): boolean {
    return type.startsWith("audio/webm");
  }
  state: "inactive" | "recording" | "paused" = "inactive";
  mimeType: string;
  ondataavailable: DataHandler = null;
  onstop: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(_stream: unknown, options?: { mimeType?: string }) {
    this.mimeType = options?.mimeType ?? "audio/webm";
    FakeMediaRecorder.last = this;
  }
  start(): void {
    this.state = "recording";
  }
  pause(): void {
    this.state = "paused";
  }
  resume(): void {
    this.state = "recording";
  }
  stop(): void {
    this.state = "inactive";
    // As in browsers, the last data and the stop event come after stop() returns.
    queueMicrotask(() => this.onstop?.());
  }
  /** One timeslice of the recording. */
  emit(text: string): void {
    this.ondataavailable?.({ data: new Blob([text], { type: this.mimeType }) });
  }
}

export class FakeAudio {
  static all: FakeAudio[] = [];
  /** Set to make play() fail as under an autoplay policy. */
  static refuse = false;
  src = "";
  paused = true;
  ended = false;
  played: string[] = [];
  onended: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeAudio.all.push(this);
  }
  play(): Promise<void> {
    if (FakeAudio.refuse) return Promise.reject(new DOMException("autoplay", "NotAllowedError"));
    this.paused = false;
    this.played.push(this.src);
    return Promise.resolve();
  }
  pause(): void {
    this.paused = true;
  }
  /** The clip played to its end. */
  finish(): void {
    this.paused = true;
    this.onended?.();
  }
}

export class FakeAudioContext {
  /** The level every analyser frame hears, as a constant sample value in -1..1. */
  static sample = 0;
  createMediaStreamSource() {
    return { connect: () => undefined, disconnect: () => undefined };
  }
  createAnalyser() {
    return {
      fftSize: 2048,
      getFloatTimeDomainData: (buffer: Float32Array) => buffer.fill(FakeAudioContext.sample),
    };
  }
  resume(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
