// submitForm's answers to a domain error: one option (`fieldOf`) places an error on a field with a
// status; an error it does not map is answered as before (a message on the form, or the error page).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "~/modules/platform/errors";
import { FieldProblems, submitForm } from "~/modules/platform/forms.server";

const schema = z.object({ code: z.string({ required_error: "errors.required" }), file: z.string().optional() });

function form(fields: Record<string, string>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return body;
}

/** What `data(...)` holds: the answer and its status. */
function answer(reply: unknown) {
  const { data, init } = reply as { data: { result: { error?: Record<string, string[] | null> }; done: unknown }; init: { status?: number } | null };
  return { error: data.result.error, done: data.done, status: init?.status };
}

const codeTaken = new AppError("conflict", "errors.projectCodeTaken", { code: "x1" });
const fileRefused = new AppError("invalid", "errors.fileType");
const fieldOf = (error: AppError) =>
  error.messageKey === "errors.projectCodeTaken" ? { field: "code" } : error.messageKey === "errors.fileType" ? { field: "file", status: 400 } : undefined;

describe("submitForm's fieldOf", () => {
  it("shows a mapped error under its field with the status given", async () => {
    const reply = answer(
      await submitForm(form({ code: "x1", file: "a.exe" }), schema, async () => {
        throw fileRefused;
      }, { fieldOf }),
    );
    expect(reply.status).toBe(400);
    expect(reply.error).toEqual({ file: ["errors.fileType"] });
    expect(reply.done).toBeNull();
  });

  it("without a status, answers with the error's own", async () => {
    const reply = answer(
      await submitForm(form({ code: "x1" }), schema, async () => {
        throw codeTaken;
      }, { fieldOf }),
    );
    expect(reply.status).toBe(409);
    expect(reply.error).toEqual({ code: ['errors.projectCodeTaken::{"code":"x1"}'] });
  });

  it("answers an error it does not map as before: a message on the form with the error's status", async () => {
    const reply = answer(
      await submitForm(form({ code: "x1" }), schema, async () => {
        throw new AppError("conflict", "errors.slotTaken");
      }, { fieldOf }),
    );
    expect(reply.status).toBe(409);
    expect(reply.error).toEqual({ "": ["errors.slotTaken"] });
  });

  it("sends a not-found it does not map to the error page, and rethrows what is not a domain error", async () => {
    const notFound = submitForm(form({ code: "x1" }), schema, async () => {
      throw new AppError("not_found", "errors.notFound");
    }, { fieldOf });
    await expect(notFound).rejects.toMatchObject({ init: { status: 404 }, data: { messageKey: "errors.notFound" } });
    const bug = new TypeError("a bug");
    await expect(
      submitForm(form({ code: "x1" }), schema, async () => {
        throw bug;
      }, { fieldOf }),
    ).rejects.toBe(bug);
  });

  it("reports every field of FieldProblems at once, with its status", async () => {
    const reply = answer(
      await submitForm(form({ code: "x1" }), schema, async () => {
        throw new FieldProblems({ code: ["services.problems.leadTime"], "": ["services.problems.slotTaken"] });
      }),
    );
    expect(reply.status).toBe(422);
    expect(reply.error).toEqual({ code: ["services.problems.leadTime"], "": ["services.problems.slotTaken"] });
  });

  it("does no work on an invalid form: every field's errors and 400", async () => {
    let ran = false;
    const reply = answer(
      await submitForm(form({}), schema, async () => {
        ran = true;
        return null;
      }, { fieldOf }),
    );
    expect(ran).toBe(false);
    expect(reply.status).toBe(400);
    expect(reply.error).toEqual({ code: ["errors.required"] });
  });
});
