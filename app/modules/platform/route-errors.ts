// `withAppErrors`: routes wrap loaders and actions with it so a domain error (AppError) becomes an
// HTTP answer with its status and catalogue key. Not a `.server` module on purpose: the wrapper is
// called when a route module is evaluated, in the browser bundle too, where `.server` modules are
// empty — importing it from there made every such route's client module throw, so those pages
// never hydrated. It only needs `data`, which is safe in both bundles.
import { data } from "@remix-run/react";
import { AppError, statusForCode } from "./errors";

export interface ErrorPayload {
  messageKey: string;
  params: Record<string, string | number>;
}

export function toErrorResponse(error: unknown): unknown {
  if (error instanceof AppError) {
    return data<ErrorPayload>({ messageKey: error.messageKey, params: error.params }, { status: statusForCode[error.code] });
  }
  return error;
}

export function withAppErrors<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toErrorResponse(error);
    }
  };
}
