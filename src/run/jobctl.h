/* Job control for a run: the process the shell waits for only waits, and
   a child in a process group of its own does the run.  Stopped (^Z,
   SIGSTOP), the parent leaves the child running: the child keeps answering
   libvirtd's keepalive, which closes a client silent for about 30 s and
   takes the autodestroy guest with it.  The parent passes on every signal
   it gets (^Z as SIGTSTP, fg as SIGCONT: the child then stops and resumes
   the guest's vCPUs), and a terminal on stdin, which a process outside the
   terminal's foreground group cannot read. */
#pragma once

/* Split in two.  Returns 0 in the child, which goes on with the run, or
   -1 with a message; the parent never returns: it exits with the child's
   status. */
int jobctl_split(void);

/* The descriptor the run reads its stdin from: the parent's relay of a
   terminal, else standard input. */
int jobctl_input_fd(void);
