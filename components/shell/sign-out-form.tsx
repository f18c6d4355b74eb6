import { signOutAction } from "@/app/(dashboard)/actions";

/** A plain form, so signing out works without JavaScript and adds nothing to the page's client code. */
export function SignOutForm() {
  return (
    <form action={signOutAction}>
      <button className="btn" type="submit">
        Sign out
      </button>
    </form>
  );
}
