//! A latest-wins channel of capacity one.
//!
//! The trainer produces snapshots faster than a hidden or busy window consumes them. Rather
//! than queue them (stale frames, growing memory) the sender replaces an unread value with the
//! new one, folding the old one in through [`Coalesce`] so increments (loss values) are not lost.
//! Neither side ever blocks.

use crossbeam_channel::{Receiver, Sender, TryRecvError, TrySendError, bounded};

/// How a newer value takes over an older, unread one.
pub trait Coalesce {
    fn absorb_older(&mut self, older: Self);
}

pub struct MailboxSender<T> {
    tx: Sender<T>,
    /// The sender's own handle on the slot, to take back an unread value.
    slot: Receiver<T>,
}

pub struct MailboxReceiver<T> {
    rx: Receiver<T>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Received<T> {
    Value(T),
    Empty,
    /// The sender is gone (the trainer thread ended).
    Closed,
}

pub fn mailbox<T: Coalesce>() -> (MailboxSender<T>, MailboxReceiver<T>) {
    let (tx, rx) = bounded(1);
    (
        MailboxSender {
            tx,
            slot: rx.clone(),
        },
        MailboxReceiver { rx },
    )
}

impl<T: Coalesce> MailboxSender<T> {
    pub fn send(&self, mut value: T) {
        loop {
            match self.tx.try_send(value) {
                Ok(()) => return,
                Err(TrySendError::Full(v)) => {
                    value = v;
                    // The receiver may take the old value between the two calls; then the slot
                    // is empty and the next try_send succeeds.
                    if let Ok(older) = self.slot.try_recv() {
                        value.absorb_older(older);
                    }
                }
                // Cannot happen while `slot` lives, but never spin on it.
                Err(TrySendError::Disconnected(_)) => return,
            }
        }
    }
}

impl<T> MailboxReceiver<T> {
    pub fn try_recv(&self) -> Received<T> {
        match self.rx.try_recv() {
            Ok(v) => Received::Value(v),
            Err(TryRecvError::Empty) => Received::Empty,
            Err(TryRecvError::Disconnected) => Received::Closed,
        }
    }

    /// Waits up to `timeout` for a value (tests and headless tools only; the UI never waits).
    pub fn recv_timeout(&self, timeout: std::time::Duration) -> Option<T> {
        self.rx.recv_timeout(timeout).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Counted {
        latest: u32,
        seen: Vec<u32>,
    }

    impl Coalesce for Counted {
        fn absorb_older(&mut self, mut older: Self) {
            older.seen.append(&mut self.seen);
            self.seen = older.seen;
        }
    }

    #[test]
    fn latest_wins_and_increments_survive() {
        let (tx, rx) = mailbox();
        for i in 0..100 {
            tx.send(Counted {
                latest: i,
                seen: vec![i],
            });
        }
        let Received::Value(got) = rx.try_recv() else {
            panic!("expected a value")
        };
        assert_eq!(got.latest, 99);
        assert_eq!(got.seen, (0..100).collect::<Vec<_>>());
        assert_eq!(rx.try_recv(), Received::Empty);
        drop(tx);
        assert_eq!(rx.try_recv(), Received::Closed);
    }
}
