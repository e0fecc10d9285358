package com.payband.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payband.console.sync.CabledBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The support desk on the command line, against a real backend: an agent unlinks a customer's stolen phone and links
 * her new one, with her card only; a clerk reports a band stolen (in force at the backend at once) and another lost
 * while the backend is down (said to be in force here only); the agent cannot reset the stolen band without its
 * owner's card, resets it with it, and reads the binding's history in Chinese.
 */
class CommandLineLifecycleTest {

    private static final String PASSPHRASE = "a shop's store passphrase";

    @TempDir
    Path store;

    @TempDir
    Path backendDir;

    /** The store's administrator, a clerk and a support agent, registered with the backend. */
    private record Desk(PaybandProcess admin, PaybandProcess clerk, PaybandProcess agent) {
    }

    private Desk desk(CabledBackend backend) {
        PaybandProcess admin = PaybandProcess.newStoreAsAdmin(store, PASSPHRASE, com.payband.console.TestStores.PASSWORD);
        PaybandProcess clerk = admin.member("clerk.wu", "RETAIL_STAFF");
        PaybandProcess agent = admin.member("agent.li", "SUPPORT_AGENT");
        admin.run("backend", "register", "--url", backend.url(), "--code", backend.backend().code()).expectSuccess();
        return new Desk(admin, clerk, agent);
    }

    @Test
    void aStolenPhoneIsUnlinkedAndTheOwnersNewOneLinkedWithHerCardOnly() throws Exception {
        try (CabledBackend backend = CabledBackend.start(backendDir)) {
            Desk desk = desk(backend);
            PaybandProcess clerk = desk.clerk();
            PaybandProcess agent = desk.agent();
            clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB100002").expectSuccess();
            // Ayigul's phone was stolen: only her card, and only the support desk, unlinks it; then her new one is linked
            clerk.run("lifecycle", "unlink-phone", "--sim", "--band", "PB100002", "--card", "ayigul")
                    .expectFailure(ExitCode.ACCESS_DENIED);
            agent.run("lifecycle", "unlink-phone", "--sim", "--band", "PB100002", "--card", "zhang-wei")
                    .expectFailure(ExitCode.REFUSED);
            agent.run("lifecycle", "link-phone", "--sim", "--band", "PB100002", "--card", "ayigul")
                    .expectFailure(ExitCode.REFUSED);
            agent.run("lifecycle", "unlink-phone", "--sim", "--band", "PB100002", "--card", "ayigul", "--reason",
                    "DAMAGED").expectFailure(ExitCode.USAGE);
            assertThat(agent.run("lifecycle", "unlink-phone", "--sim", "--band", "PB100002", "--card", "ayigul",
                    "--reason", "STOLEN", "--note", "phone taken with her bag").expectSuccess().stdout())
                    .contains("has no phone linked now");
            // the link too is for the owner only: someone else's card (a thief's, with the band) changes nothing
            agent.run("lifecycle", "link-phone", "--sim", "--band", "PB100002", "--card", "zhang-wei", "--reason",
                    "STOLEN").expectFailure(ExitCode.REFUSED);
            assertThat(agent.run("lifecycle", "link-phone", "--sim", "--band", "PB100002", "--card", "ayigul", "--reason",
                    "STOLEN").expectSuccess().stdout()).contains("now obeys the owner's new phone");
            // both steps are in the binding's history, why and with the note
            assertThat(agent.run("lifecycle", "history", "--band", "PB100002").expectSuccess().stdout())
                    .contains("Phone unlinked").contains("New phone linked").contains("phone taken with her bag");
            assertThat(agent.run("band", "phone", "--sim", "--as", "owner", "pay", "PB100002").expectSuccess().stdout())
                    .contains("the issuer accepted it");
        }
    }

    @TempDir
    Path otherStore;

    @Test
    void theOwnerOfABandEnrolledAtAnotherStoreReportsItStolenHereWithHerCard() throws Exception {
        try (CabledBackend backend = CabledBackend.start(backendDir)) {
            Desk storeA = desk(backend);
            storeA.clerk().run("enroll", "--sim", "--band", "PB100001").expectSuccess(); // Zhang Wei's band
            PaybandProcess adminB = PaybandProcess.newStoreAsAdmin(otherStore, PASSPHRASE,
                    com.payband.console.TestStores.PASSWORD);
            PaybandProcess agentB = adminB.member("agent.zhou", "SUPPORT_AGENT");
            adminB.run("backend", "register", "--url", backend.url(), "--code", backend.backend().code())
                    .expectSuccess();

            // store B knows no binding of the band: without the owner's card there is nothing to report here
            agentB.run("lifecycle", "report-stolen", "--band", "PB100001").expectFailure(ExitCode.NOT_FOUND);
            // the simulator's reader named with no card to read: said, not taken for a report of this store's binding
            assertThat(agentB.run("lifecycle", "report-stolen", "--sim", "--band", "PB100001")
                    .expectFailure(ExitCode.USAGE)).contains("--card SAMPLE with --sim");
            assertThat(agentB.run("lifecycle", "report-stolen", "--sim", "--band", "PB100001", "--card", "ayigul")
                    .expectFailure(ExitCode.BACKEND_REFUSED)).contains("not that of the owner");
            agentB.run("lifecycle", "report-stolen", "--sim", "--band", "PB100001", "--card", "zhang-wei", "--reason",
                    "FRAUD").expectFailure(ExitCode.USAGE);
            assertThat(agentB.run("lifecycle", "report-stolen", "--sim", "--band", "PB100001", "--card", "zhang-wei",
                    "--json").expectSuccess().stdout()).contains("\"state\" : \"DEACTIVATED\"")
                    .contains("\"changed\" : true");

            // store A's next sync ends its binding and its scan marks the band
            storeA.clerk().run("sync", "now").expectSuccess();
            assertThat(storeA.agent().run("lifecycle", "history", "--band", "PB100001", "--json").expectSuccess()
                    .stdout()).contains("DEACTIVATED").contains("agent.zhou");
            assertThat(storeA.clerk().run("band", "scan", "--sim", "--json").expectSuccess().stdout())
                    .contains("\"reportedStolen\" : true");
        }
    }

    @Test
    void reportsResetAndHistoryAsASupportDeskUsesThem() throws Exception {
        try (CabledBackend backend = CabledBackend.start(backendDir)) {
            Desk desk = desk(backend);
            PaybandProcess admin = desk.admin();
            PaybandProcess clerk = desk.clerk();
            PaybandProcess agent = desk.agent();
            clerk.run("enroll", "--sim", "--band", "PB100001").expectSuccess();
            clerk.run("enroll", "--sim", "--card", "ayigul", "--band", "PB100002").expectSuccess();
            assertThat(clerk.run("lifecycle", "report-stolen", "--band", "PB100001", "--note", "taken on the metro",
                    "--json")
                    .expectSuccess().stdout()).contains("\"state\" : \"DEACTIVATED\"").contains("\"inForce\" : \"BACKEND\"");
            backend.down();
            assertThat(clerk.run("lifecycle", "report-lost", "--band", "PB100002").expectSuccess().stdout())
                    .contains("Band PB100002: Reported lost").contains("NOT YET EFFECTIVE IN OTHER STORES");
            assertThat(clerk.run("lifecycle", "report-lost", "--band", "PB100003")
                    .expectFailure(ExitCode.NOT_FOUND)).contains("knows no binding of band PB100003");
            // a clerk takes reports, but resets are the support desk's
            clerk.run("lifecycle", "reset", "--sim", "--band", "PB100001").expectFailure(ExitCode.ACCESS_DENIED);
            assertThat(agent.run("lifecycle", "reset", "--sim", "--band", "PB100001", "--owner-card", "zhang-wei")
                    .expectFailure(ExitCode.BACKEND_UNREACHABLE)).contains("backend cannot be reached");
            backend.back();

            assertThat(agent.run("lifecycle", "reset", "--sim", "--band", "PB100001")
                    .expectFailure(ExitCode.BACKEND_REFUSED)).contains("read its owner");
            assertThat(agent.run("lifecycle", "reset", "--sim", "--band", "PB100001", "--owner-card", "ayigul")
                    .expectFailure(ExitCode.REFUSED)).contains("does not belong to the customer");
            assertThat(agent.run("lifecycle", "reset", "--sim", "--band", "PB100001", "--owner-card", "zhang-wei",
                    "--note", "handed in at the station", "--json").expectSuccess().stdout())
                    .contains("\"state\" : \"FACTORY\"").contains("\"ownerVerified\" : true");
            assertThat(agent.run("lifecycle", "history", "--band", "PB100001", "--json").expectSuccess().stdout())
                    .contains("\"step\" : \"BAND_RESET\"").contains("\"reason\" : \"FOUND\"")
                    .contains("handed in at the station");
            assertThat(agent.env("LANG", "zh_CN.UTF-8").run("lifecycle", "history", "--band", "PB100001")
                    .expectSuccess().stdout()).contains("报告被盗").contains("clerk.wu").contains("taken on the metro")
                    .contains("发卡方记录"); // and what the issuer recorded, from every store
            // Ayigul's band is damaged: one step deactivates it and enrolls a new one for her, her card read once
            assertThat(agent.run("lifecycle", "replace", "--sim", "--band", "PB100002", "--new-band", "PB100003",
                    "--reason", "DAMAGED", "--card", "ayigul", "--json").expectSuccess().stdout())
                    .contains("\"oldState\" : \"DEACTIVATED\"").contains("\"state\" : \"ACTIVE\"");
            assertThat(agent.run("customers", "find", "--band", "PB100003").expectSuccess().stdout()).contains("阿");
            // the new band is stolen too, and turns up without Ayigul: an administrator approves its reset at this
            // terminal with their own password; the agent cannot approve their own
            clerk.run("lifecycle", "report-stolen", "--band", "PB100003").expectSuccess();
            agent.env("PAYBAND_APPROVER_PASSWORD", "a member's own password 5").run("lifecycle", "reset", "--sim",
                    "--band", "PB100003", "--approved-by", "agent.li").expectFailure(ExitCode.ACCESS_DENIED);
            assertThat(agent.env("PAYBAND_APPROVER_PASSWORD", com.payband.console.TestStores.PASSWORD).run("lifecycle",
                    "reset", "--sim", "--band", "PB100003", "--approved-by", "admin", "--json").expectSuccess().stdout())
                    .contains("\"grounds\" : \"ADMINISTRATOR_APPROVED\"").contains("\"approvedBy\" : \"admin\"");
            // a list of stolen bands from the provider: checked, then taken; a bad line takes nothing and is named
            Path list = backendDir.resolve("stolen.csv");
            java.nio.file.Files.writeString(list, "serial,reason,reference\nPB200001,STOLEN,Police 1142\n");
            Path bad = backendDir.resolve("bad.csv");
            java.nio.file.Files.writeString(bad, "PB200001,STOLEN,\nPB-1,STOLEN,\n");
            assertThat(agent.run("lifecycle", "import", bad.toString()).expectFailure(ExitCode.REFUSED))
                    .contains("Line 2: not a band serial");
            assertThat(agent.run("lifecycle", "import", list.toString(), "--dry-run").expectSuccess().stdout())
                    .contains("Dry run, nothing changed").contains("1 bands would be added");
            assertThat(agent.run("lifecycle", "import", list.toString(), "--json").expectSuccess().stdout())
                    .contains("\"added\" : 1").contains("\"backend\" : \"SENT\"").contains("\"addedAtBackend\" : 1");
            assertThat(clerk.run("band", "scan", "--sim", "--json").expectSuccess().stdout())
                    .containsPattern("\"serial\" : \"PB200001\"[^}]*\"reportedStolen\" : true");
            assertThat(admin.run("audit", "list", "--action", "BAND_RESET", "--json").expectSuccess().stdout())
                    .contains("OWNER_NOT_VERIFIED").contains("BAND_RECOVERED").contains("agent.li")
                    .contains("approved by an administrator");
            assertThat(admin.run("audit", "list", "--action", "RESET_APPROVED", "--json").expectSuccess().stdout())
                    .contains("\"actor\" : \"admin\"").contains("for agent.li");
        }
    }
}
