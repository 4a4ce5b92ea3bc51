/* The control port: the exit line to the host, winsize lines from it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Use fd (the control port, or -1) from now on. */
void control_init(int fd);

/* The control port, while the host can still send on it; -1 otherwise. */
int control_fd(void);

/* Send "times INIT COMMAND DONE": ms since boot when init started, when
   the command started and when it ended. */
void control_report_times(long long init_ms, long long command_ms, long long done_ms);

/* Send "stage STAGE": how far the guest got, for the host's watchdog. */
void control_report_stage(const char *stage);

/* Send "no-cwd ERRNO WHERE": run.conf's directory is not there (chdir
   failed with errnum), the command starts in where ("/" or "home"). */
void control_report_no_cwd(int errnum, const char *where);

/* Send "exit STATUS OUTBYTES ERRBYTES"; only the first call sends. */
void control_report(int status, unsigned long long out, unsigned long long err);

/* Wait for the host's "conf LEN" and its LEN bytes of run.conf (see
   contract.h); the bytes, NUL-terminated, in LEN; NULL with a message.
   After "idle SECONDS" (a warm spare), a host that leaves is waited for
   again, up to that long; then the machine stops. */
char *control_receive_conf(size_t *len);

/* From now on, the host closing the port stops the machine: a claimed
   spare's, which nobody else would end. */
void control_bind_host(void);

/* Read what the host sent and apply winsize lines to tty (if >= 0).
   Returns false once the host is gone (then control_fd() is -1). */
bool control_read(int tty);

/* Tell the host how many stdin bytes the guest has taken, so that it
   keeps only a bounded amount in flight. */
void control_ack_stdin(unsigned long long taken);

/* How many bytes the host sent on the stdin port before its end of file;
   -1 while stdin goes on. */
long long control_stdin_total(void);

/* Wait up to timeout_ms for the host to end the machine or leave the
   control port, reading (and dropping) what it sends meanwhile. */
void control_wait_host_gone(int timeout_ms);

/* Apply what the host already sent, without waiting. */
void control_read_pending(int tty);
