// Demo registration codes: a USCC in Songjiang district (310117), enterprise (91), with its GB 32100
// check character.
import { usccCheckCharacter } from "~/modules/platform/uscc";

export function demoUscc(orgCode: string) {
  const first17 = `91310117${orgCode}`;
  const check = usccCheckCharacter(first17);
  // GB 32100 leaves I, O, S, V and Z out of the code: a demo code using one has no check character.
  if (check === null) throw new Error(`demo USCC ${first17}: not a valid organisation code`);
  return first17 + check;
}
