package io.lossmonitor.alert;

/**
 * Whether one rule's alert is firing for one key, and for how many windows it has been clear (a Flink POJO):
 * fire once when the condition starts, resolve after enough consecutive clear windows.
 */
public class Hysteresis {

    public boolean firing;
    public int clearWindows;

    public Hysteresis() {}

    Transition observe(boolean breach, int resolveAfter) {
        if (breach) {
            clearWindows = 0;
            if (!firing) {
                firing = true;
                return Transition.FIRE;
            }
            return Transition.NONE;
        }
        if (firing && ++clearWindows >= resolveAfter) {
            firing = false;
            clearWindows = 0;
            return Transition.RESOLVE;
        }
        return Transition.NONE;
    }
}
