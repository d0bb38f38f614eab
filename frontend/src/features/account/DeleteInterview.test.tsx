// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DeleteInterview } from "./DeleteInterview";
import { fakeServer, graphqlError } from "./testClient";

afterEach(cleanup);

function setup(reply: Parameters<typeof fakeServer>[0]) {
  const server = fakeServer(reply);
  const deleted: string[] = [];
  render(<DeleteInterview sessionId="s-1" jobTitle="Backend engineer" onDeleted={() => deleted.push("s-1")} />, { wrapper: server.wrapper });
  return { sent: server.sent, deleted };
}

describe("DeleteInterview", () => {
  it("asks first, and keeping the interview sends nothing", () => {
    const { sent, deleted } = setup(() => ({ data: { deleteInterview: true } }));
    fireEvent.click(screen.getByRole("button", { name: /Delete this interview/ }));
    const dialog = screen.getByRole("alertdialog", { name: /Delete the “Backend engineer” interview for good\?/ });
    expect(dialog.textContent).toMatch(/can't be undone/);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Keep it" }));
    fireEvent.click(screen.getByRole("button", { name: "Keep it" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(sent).toEqual([]);
    expect(deleted).toEqual([]);
  });

  it("deletes the session on confirmation, then hands over", async () => {
    const { sent, deleted } = setup(() => ({ data: { deleteInterview: true } }));
    fireEvent.click(screen.getByRole("button", { name: /Delete this interview/ }));
    fireEvent.click(screen.getByRole("button", { name: "Delete for good" }));
    await waitFor(() => expect(deleted).toEqual(["s-1"]));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.query).toMatch(/deleteInterview\(sessionId: \$sessionId\)/);
    expect(sent[0]?.variables).toEqual({ sessionId: "s-1" });
  });

  it("shows why it could not delete, and keeps the interview", async () => {
    const { deleted } = setup(() => graphqlError("FORBIDDEN", "This token lacks the INTERVIEW scope for this operation."));
    fireEvent.click(screen.getByRole("button", { name: /Delete this interview/ }));
    fireEvent.click(screen.getByRole("button", { name: "Delete for good" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", expect.stringMatching(/lacks the INTERVIEW scope/));
    expect(deleted).toEqual([]);
    expect(screen.getByRole("alertdialog")).toBeTruthy();
  });

  it("treats an interview already gone (deleted in another tab) as deleted", async () => {
    const { deleted } = setup(() => graphqlError("NOT_FOUND", "No interview with id s-1."));
    fireEvent.click(screen.getByRole("button", { name: /Delete this interview/ }));
    fireEvent.click(screen.getByRole("button", { name: "Delete for good" }));
    await waitFor(() => expect(deleted).toEqual(["s-1"]));
  });
});
