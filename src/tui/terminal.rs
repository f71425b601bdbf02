//! The terminal: raw mode, the alternate screen and bracketed paste switched on, and switched off
//! again on every way out (quit, panic, SIGTERM, SIGHUP). Frames are written in one piece.

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, BeginSynchronizedUpdate, EndSynchronizedUpdate,
    EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::Terminal;
use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};

/// Frames larger than this are wrapped in a synchronized update (small ones, such as one typed
/// key, are cheaper to send plainly: the markers alone would double what crosses the link).
const SYNC_ABOVE: usize = 64;

/// Collects one frame's output so it can be written to the terminal at once.
#[derive(Clone, Default)]
pub struct FrameBuf(Rc<RefCell<Vec<u8>>>);

impl Write for FrameBuf {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The terminal while the app runs; restores it when dropped.
pub struct Term {
    /// The ratatui terminal, drawing into a frame buffer.
    pub terminal: Terminal<CrosstermBackend<FrameBuf>>,
    buf: FrameBuf,
    tracker: super::output::Tracker,
}

impl Term {
    /// Takes over the terminal.
    pub fn enter() -> io::Result<Term> {
        install_panic_hook();
        enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        let buf = FrameBuf::default();
        let terminal = match Terminal::new(CrosstermBackend::new(buf.clone())) {
            Ok(t) => t,
            Err(e) => {
                // Raw mode and the alternate screen are on: undo them before saying why.
                restore();
                return Err(e);
            }
        };
        let width = terminal.size().map(|s| s.width).unwrap_or(80);
        Ok(Term {
            terminal,
            buf,
            tracker: super::output::Tracker::new(width),
        })
    }

    /// Draws a frame and writes it in one piece.
    pub fn draw(&mut self, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        self.terminal.draw(f)?;
        let raw = std::mem::take(&mut *self.buf.0.borrow_mut());
        let bytes = self.tracker.trim(&raw);
        if bytes.is_empty() {
            return Ok(());
        }
        let mut out = io::stdout().lock();
        if bytes.len() > SYNC_ABOVE {
            execute!(out, BeginSynchronizedUpdate)?;
            out.write_all(&bytes)?;
            execute!(out, EndSynchronizedUpdate)?;
        } else {
            out.write_all(&bytes)?;
        }
        out.flush()
    }
}

impl Term {
    /// After a resize nothing is assumed about the screen: the next frame is drawn whole.
    pub fn resized(&mut self) -> io::Result<()> {
        // `resize` clears without asking the terminal where its cursor is (a round trip that a
        // slow link, or a terminal that never answers, turns into a two-second stall).
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        self.tracker.forget(size.width);
        self.flush_buf()
    }

    /// Gives the shell back until `fg` (Ctrl-Z, as vim and less do): the terminal is restored
    /// before the process stops, and taken over and drawn whole again when it continues.
    pub fn suspend(&mut self) -> io::Result<()> {
        restore();
        // SAFETY: raising a signal at ourselves; SIGTSTP's default action stops the process
        // until SIGCONT, and execution continues here.
        unsafe {
            libc::raise(libc::SIGTSTP);
        }
        enable_raw_mode()?;
        execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
        self.resized()
    }

    fn flush_buf(&mut self) -> io::Result<()> {
        let raw = std::mem::take(&mut *self.buf.0.borrow_mut());
        let mut out = io::stdout().lock();
        out.write_all(&raw)?;
        out.flush()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        restore();
    }
}

/// Gives the terminal back: paste off, main screen, cursor shown, raw mode off.
pub fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

/// Whether a shell with job control started plp, so that stopping gives the terminal back to
/// it (`fg` resumes). Started straight by tmux, ssh or a window, nobody could resume it, and the
/// system ignores the stop (the process group is orphaned).
pub fn can_suspend() -> bool {
    // SAFETY: plain queries about this process and its parent.
    unsafe {
        let parent = libc::getppid();
        libc::getsid(parent) == libc::getsid(0) && libc::getpgid(parent) != libc::getpgrp()
    }
}

/// Whether the terminal has gone (the SSH connection or the window closed).
pub fn hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no waiting.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// What waiting for the keyboard found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Bytes are waiting to be read.
    Ready,
    /// Nothing came (or a signal interrupted the wait).
    Nothing,
    /// The terminal has gone.
    HungUp,
}

/// Waits for the keyboard ourselves, so that a terminal that has gone is noticed here and never
/// handed to the event reader (which would read its end-of-file forever).
pub fn wait_input(timeout: std::time::Duration) -> Input {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    let ms = timeout.as_millis().min(i32::MAX as u128) as i32;
    // SAFETY: one valid pollfd.
    let n = unsafe { libc::poll(&mut fd, 1, ms) };
    if n <= 0 {
        Input::Nothing
    } else if fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
        Input::HungUp
    } else {
        Input::Ready
    }
}

/// SIGTERM and SIGHUP (end), SIGWINCH (the window changed size), noticed between events.
pub struct Signals {
    flag: Arc<AtomicBool>,
    winch: Arc<AtomicBool>,
}

impl Signals {
    /// Starts listening.
    pub fn register() -> io::Result<Signals> {
        let flag = Arc::new(AtomicBool::new(false));
        for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
            signal_hook::flag::register(sig, Arc::clone(&flag))?;
        }
        let winch = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGWINCH, Arc::clone(&winch))?;
        Ok(Signals { flag, winch })
    }

    /// Whether a signal asked the app to end.
    pub fn pending(&self) -> bool {
        self.flag.load(Ordering::Relaxed)
    }

    /// Whether the window changed size since last asked.
    pub fn resized(&self) -> bool {
        self.winch.swap(false, Ordering::Relaxed)
    }
}
