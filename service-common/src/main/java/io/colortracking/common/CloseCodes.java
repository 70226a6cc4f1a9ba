package io.colortracking.common;

/** How the live endpoints close a WebSocket, and why: the codes clients act on. */
public final class CloseCodes {

    /** Standard "going away": this instance is stopping; reconnect (another instance takes the client). */
    public static final int GOING_AWAY = 1001;
    /** Standard "policy violation": the client sent what the endpoint does not take. */
    public static final int POLICY_VIOLATION = 1008;
    /** Standard "try again later": this instance has not read every key yet. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The key is missing, unknown or revoked (as HTTP's 401). */
    public static final int UNAUTHORIZED = 4401;
    /** The page's origin is not allowed for the key (as HTTP's 403). */
    public static final int FORBIDDEN = 4403;
    /** The client did not read for the stuck timeout. */
    public static final int TOO_SLOW = 4408;

    private CloseCodes() {}
}
