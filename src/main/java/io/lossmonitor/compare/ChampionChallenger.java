package io.lossmonitor.compare;

import java.io.Serializable;

/** Two models compared on the same traffic ({@code --compare CHAMPION:CHALLENGER}). */
public record ChampionChallenger(String champion, String challenger) implements Serializable {

    public ChampionChallenger {
        if (champion == null || champion.isEmpty() || challenger == null || challenger.isEmpty()) {
            throw new IllegalArgumentException("--compare needs two model names, CHAMPION:CHALLENGER");
        }
        if (champion.equals(challenger)) {
            throw new IllegalArgumentException("--compare " + champion + ":" + challenger
                    + " compares a model with itself");
        }
    }

    /** Parses {@code CHAMPION:CHALLENGER}; a model name may itself contain ':' only in the challenger. */
    public static ChampionChallenger parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not CHAMPION:CHALLENGER");
        }
        return new ChampionChallenger(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return champion + ":" + challenger;
    }
}
