/** Unmounts what a DOM test rendered, since Testing Library cleans up by itself only with test globals on. */
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

if (typeof document !== "undefined") afterEach(() => cleanup());
