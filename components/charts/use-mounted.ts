"use client";

import { useEffect, useState } from "react";

// True after the first client render: charts measure the DOM and format times in the viewer's
// time zone, neither of which the server can do, so they render only once mounted.
export function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}
