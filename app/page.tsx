import { redirect } from "next/navigation";
import { getCurrentSession } from "@/lib/auth/current-session";
import { landingPathFor } from "@/lib/auth/roles";

/** The front door: each role lands on its own page. */
export default async function Home() {
  const session = await getCurrentSession();
  if (!session) redirect("/sign-in");
  redirect(landingPathFor(session.roles));
}
