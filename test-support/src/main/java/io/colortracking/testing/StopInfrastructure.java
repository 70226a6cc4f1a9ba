package io.colortracking.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared broker and database once every test of the JVM has run. */
public class StopInfrastructure implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestKafka.stop();
        TestPostgres.stop();
    }
}
