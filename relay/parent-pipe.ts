// A child started with this set to "1" stops when its stdin pipe closes: when its launcher dies,
// even by SIGKILL (the Haraka plugin: relay/plugin/lib/graceful-stop.js, which has its own copy;
// the dashboard: scripts/lib/exit-with-parent.ts). The launcher gives it a pipe it never writes to.
export const EXIT_WITH_STDIN_ENV = "SWITCHYARD_EXIT_WITH_STDIN";
