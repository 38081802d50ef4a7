"use client";

import { useEffect, useState } from "react";

// Server renders UTC; the browser re-renders in the viewer's own time zone.
export function LocalTime({ value }: { value: Date | string }) {
  const date = typeof value === "string" ? new Date(value) : value;
  const [text, setText] = useState(() => `${date.toISOString().replace("T", " ").slice(0, 19)} UTC`);
  useEffect(() => setText(date.toLocaleString()), [date]);
  return <time dateTime={date.toISOString()}>{text}</time>;
}
