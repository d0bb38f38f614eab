// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { DeleteAccount } from "./DeleteAccount";
import { fakeServer, graphqlError } from "./testClient";

afterEach(cleanup);

const PASSWORD = "correct horse battery";

function setup() {
  const server = fakeServer(({ variables }) =>
    variables.password === PASSWORD ? { data: { deleteAccount: true } } : graphqlError("BAD_USER_INPUT", "The password is wrong: nothing was deleted.", { field: "password" }),
  );
  let deleted = 0;
  render(<DeleteAccount onDeleted={() => (deleted += 1)} />, { wrapper: server.wrapper });
  return { sent: server.sent, deleted: () => deleted };
}

function typePassword(value: string) {
  fireEvent.change(screen.getByLabelText("Your password"), { target: { value } });
}

describe("DeleteAccount", () => {
  it("asks for the password before anything is sent", () => {
    const { sent } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Delete my account" }));
    expect(screen.getByRole("alertdialog", { name: /Delete your account and all its data for good\?/ })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText("Your password"));
    fireEvent.click(screen.getByRole("button", { name: "Keep it" }));
    expect(screen.queryByLabelText("Your password")).toBeNull();
    expect(sent).toEqual([]);
  });

  it("shows a wrong password beside the field and deletes nothing", async () => {
    const { sent, deleted } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Delete my account" }));
    typePassword("not my password");
    fireEvent.click(screen.getByRole("button", { name: "Delete my account for good" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/password is wrong/);
    expect(screen.getByLabelText("Your password").getAttribute("aria-invalid")).toBe("true");
    expect(sent.map((s) => s.variables)).toEqual([{ password: "not my password" }]);
    expect(deleted()).toBe(0);
  });

  it("deletes with the right password (Enter in the field works too)", async () => {
    const { sent, deleted } = setup();
    fireEvent.click(screen.getByRole("button", { name: "Delete my account" }));
    typePassword(PASSWORD);
    fireEvent.submit(screen.getByLabelText("Your password"));
    await waitFor(() => expect(deleted()).toBe(1));
    expect(sent[0]?.query).toMatch(/deleteAccount\(password: \$password\)/);
    expect(sent[0]?.variables).toEqual({ password: PASSWORD });
  });
});
