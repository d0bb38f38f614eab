// @vitest-environment happy-dom
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { Provider } from "urql";
import { afterEach, describe, expect, it } from "vitest";
import { readToken, writeToken } from "../../lib/session-token";
import { fakeServer, type GraphQLReply, type SentOperation } from "../../test/fakeServer";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { SignOutButton, SignOutEverywhereButton } from "./SignOut";

function renderWith(answer: (operation: SentOperation) => GraphQLReply, element: ReactElement) {
  const server = fakeServer(answer);
  render(
    <Provider value={server.client}>
      <MemoryRouter>{element}</MemoryRouter>
    </Provider>,
  );
  return server;
}

describe("account", () => {
  afterEach(() => writeToken(null));

  it("signs out on the server before forgetting the token, here or everywhere", async () => {
    writeToken("old-token");
    const server = renderWith(() => ({ data: { signOut: true } }), <><SignOutButton /><SignOutEverywhereButton /></>);
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Sign out everywhere" })));
    await waitFor(() => expect(readToken()).toBeNull());
    expect(server.sent.map((s) => [s.operationName, s.variables.everywhere])).toEqual([["SignOut", true]]);
  });

  it("changes the password, keeps the fresh token and shows a wrong current password on its field", async () => {
    writeToken("old-token");
    const server = renderWith(
      (operation) =>
        operation.variables.currentPassword === "wrong one"
          ? { errors: [{ message: "The current password is wrong.", extensions: { code: "BAD_USER_INPUT", field: "currentPassword" } }] }
          : { data: { changePassword: { token: "fresh-token", user: { id: "u1", email: "a@b.co", displayName: "A" } } } },
      <ChangePasswordForm />,
    );
    fireEvent.change(screen.getByLabelText("Current password"), { target: { value: "wrong one" } });
    fireEvent.change(screen.getByLabelText("New password"), { target: { value: "a brand new secret" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Change password" })));
    await waitFor(() => expect(screen.getByText("The current password is wrong.")).toBeTruthy());
    expect(readToken()).toBe("old-token");
    fireEvent.change(screen.getByLabelText("Current password"), { target: { value: "right one" } });
    fireEvent.change(screen.getByLabelText("New password"), { target: { value: "a brand new secret" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Change password" })));
    await waitFor(() => expect(readToken()).toBe("fresh-token"));
    expect(screen.getByText(/Password changed/)).toBeTruthy();
    expect(server.sent).toHaveLength(2);
  });
});
