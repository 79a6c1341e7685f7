# The host executor's process launcher (see Launcher.java): one long-lived process that starts every step with
# one fork and one exec, instead of the JVM's jspawnhelper followed by setsid and the step's program.
#
# Requests on standard input:
#   S <id> <length>\n<payload>   start a step; payload = NUL-separated: fifo, cwd, argc, argv..., then NAME=VALUE...
#   O <id>\n                     the JVM opened the read end of the step's FIFO: drop ours
#   Q <id> <floor> <sid,...>\n   which live processes with a pid >= floor belong to one of these sessions?
# The JVM reuses a FIFO for a later step once its output reached its end (no process holds it any more), so most
# steps create no file at all; the JVM removes the others.
# Replies on standard output:
#   P <id> <pid>\n               started (the child leads a new session whose id is <pid>)
#   E <id> <message>\n           could not start
#   X <id> <status>\n            the step's main process ended: exit code, or 128 + signal
#   Q <id> <pid>...\n            the answer to Q (no pids: none); "Q <id> ?" when this system cannot tell
# End of input: the launcher exits (steps keep running; the JVM kills them before it ends).
use strict;
use warnings;
use POSIX ();

my $dir = shift @ARGV;
$SIG{INT} = 'IGNORE';     # Ctrl-C reaches the JVM's process group; the JVM decides what to kill
$SIG{QUIT} = 'IGNORE';
$SIG{PIPE} = 'IGNORE';
pipe(my $wake_r, my $wake_w) or die "pipe: $!";
for my $fh ($wake_r, $wake_w) { my $f = fcntl($fh, POSIX::F_GETFL(), 0); fcntl($fh, POSIX::F_SETFL(), $f | POSIX::O_NONBLOCK()); }
$SIG{CHLD} = sub { syswrite($wake_w, "c") };

# getsid(2) tells a process's session in one system call; reading /proc/<pid>/stat costs several and makes the
# kernel format fifty fields. Its number by architecture (perl has no getsid of its own).
my $SYS_getsid = { x86_64 => 124, aarch64 => 156 }->{(POSIX::uname())[4]};
$SYS_getsid //= eval { local $SIG{__WARN__} = sub {}; require 'syscall.ph'; &SYS_getsid() };

my %step_of_pid;   # pid -> id of a running step
my %hold;          # id -> [our read-write handle on the FIFO, its path], until the JVM opened its end
my $in = '';

sub reply { my $m = shift; my $off = 0; while ($off < length $m) { my $n = syswrite(STDOUT, $m, length($m) - $off, $off); defined $n or exit 0; $off += $n; } }

sub start_step {
    my ($id, $payload) = @_;
    my ($fifo, $cwd, $argc, @rest) = split /\0/, $payload, -1;
    my @argv = splice(@rest, 0, $argc);
    unless (-p $fifo || POSIX::mkfifo($fifo, 0600)) { reply("E $id cannot create $fifo: $!\n"); return; }
    # Holding a read-write end keeps the FIFO open from both sides until the JVM has opened its reader: the JVM's open
    # does not wait, and the child's early output is buffered. The child's write end is opened here, before the fork.
    my ($h, $w);
    unless (sysopen($h, $fifo, POSIX::O_RDWR()) && sysopen($w, $fifo, POSIX::O_WRONLY())) {
        reply("E $id cannot open $fifo: $!\n"); close $h if $h; return;
    }
    my $pid = fork;
    if (!defined $pid) { reply("E $id fork failed: $!\n"); close $h; close $w; return; }
    if ($pid == 0) {
        $SIG{$_} = 'DEFAULT' for qw(INT QUIT PIPE CHLD TERM HUP);
        POSIX::sigprocmask(POSIX::SIG_SETMASK(), POSIX::SigSet->new());
        POSIX::setsid();
        POSIX::dup2(fileno($w), 1); POSIX::dup2(fileno($w), 2);
        open(STDIN, '<', '/dev/null');
        unless (chdir $cwd) { print STDERR "cannot change to the working directory $cwd: $!\n"; POSIX::_exit(127); }
        %ENV = ();
        for my $kv (@rest) { my $i = index($kv, '='); $ENV{substr($kv, 0, $i)} = substr($kv, $i + 1) if $i > 0; }
        { no warnings 'exec'; exec { $argv[0] } @argv; }
        print STDERR "cannot start $argv[0]: $!\n";
        POSIX::_exit(127);
    }
    close $w;
    $step_of_pid{$pid} = $id;
    $hold{$id} = $h;
    reply("P $id $pid\n");
}

sub members {
    my ($id, $floor, $sids) = @_;
    my %want = map { $_ => 1 } split /,/, $sids;
    my $d;
    unless (defined $SYS_getsid && opendir($d, '/proc')) { reply("Q $id ?\n"); return; }
    my @found;
    while (defined(my $e = readdir $d)) {
        next unless $e =~ /^[0-9]+$/ && $e >= $floor;
        my $sid = syscall($SYS_getsid, $e + 0);
        next unless $sid > 0 && $want{$sid};
        open(my $st, '<', "/proc/$e/stat") or next;   # ended meanwhile
        my $line = <$st> // '';
        close $st;
        push @found, $e unless $line =~ /\) [ZXx] /;  # zombies have ended
    }
    closedir $d;
    reply(join(' ', "Q $id", @found) . "\n");
}

sub reap {
    while ((my $pid = waitpid(-1, POSIX::WNOHANG())) > 0) {
        my $id = delete $step_of_pid{$pid};
        next unless defined $id;
        my $status = ($? & 127) ? 128 + ($? & 127) : ($? >> 8);
        reply("X $id $status\n");
    }
}

sub finish { unlink glob("$dir/*"); rmdir $dir; exit 0; }

while (1) {
    my $rin = '';
    vec($rin, fileno(STDIN), 1) = 1;
    vec($rin, fileno($wake_r), 1) = 1;
    my $n = select(my $rout = $rin, undef, undef, undef);
    if ($n < 0) { next if $!{EINTR}; finish(); }
    if (vec($rout, fileno($wake_r), 1)) { my $junk; 1 while sysread($wake_r, $junk, 512); reap(); }
    next unless vec($rout, fileno(STDIN), 1);
    my $got = sysread(STDIN, $in, 65536, length $in);
    next if !defined $got && $!{EINTR};
    finish() unless $got;
    while (1) {
        if ($in =~ /\AO (\d+)\n/) {
            $in = substr($in, $+[0]);
            my $held = delete $hold{$1};
            close $held if $held;
        } elsif ($in =~ /\AQ (\d+) (\d+) ([0-9,]+)\n/) {
            $in = substr($in, $+[0]);
            members($1, $2, $3);
        } elsif ($in =~ /\AS (\d+) (\d+)\n/) {
            my ($id, $len, $start) = ($1, $2, $+[0]);
            last if length($in) < $start + $len;
            my $payload = substr($in, $start, $len);
            $in = substr($in, $start + $len);
            start_step($id, $payload);
        } else {
            last;
        }
    }
    reap();
}
