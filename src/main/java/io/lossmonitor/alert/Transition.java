package io.lossmonitor.alert;

/** What one window did to a rule's alert. */
enum Transition {
    NONE,
    FIRE,
    RESOLVE
}
