// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { JobPostingField } from "./JobPostingField";

function Harness({ serverError = null }: { serverError?: string | null }) {
  const [value, setValue] = useState("");
  return <JobPostingField value={value} onChange={setValue} serverError={serverError} />;
}

afterEach(cleanup);

describe("JobPostingField", () => {
  it("is a labelled textarea with a live character count", () => {
    render(<Harness />);
    const field = screen.getByLabelText(/Paste the job posting/);
    expect(field.tagName).toBe("TEXTAREA");
    expect(screen.getByText("0 / 20,000 characters")).toBeTruthy();
    fireEvent.change(field, { target: { value: "  Senior Go engineer: gRPC, PostgreSQL.  " } });
    expect(screen.getByText("37 / 20,000 characters")).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says when the posting is too long, and shows the server's error on the field", () => {
    render(<Harness />);
    fireEvent.change(screen.getByLabelText(/Paste the job posting/), { target: { value: "x".repeat(20_001) } });
    expect(screen.getByRole("alert").textContent).toMatch(/20,001 characters/);
    expect(screen.getByLabelText(/Paste the job posting/).getAttribute("aria-invalid")).toBe("true");
    cleanup();
    render(<Harness serverError="The job posting is too long." />);
    expect(screen.getByRole("alert").textContent).toBe("The job posting is too long.");
  });
});
