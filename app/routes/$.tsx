// Any path no route claims: a friendly 404 inside the layout.
import { data } from "@remix-run/node";

export function loader() {
  throw data({ messageKey: "errorPage.notFound.body", params: {} }, { status: 404 });
}

export default function NotFound() {
  return null;
}
